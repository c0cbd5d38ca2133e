// iiko: the iiko Server connection with its check and import, and the deposit's payment type
// for each scheme × fiscalization mode (re-read after an import brings new payment types).
import { useState } from 'react';
import { Stack } from '@mantine/core';
import { DepositPaymentTypes } from './DepositPaymentTypes.tsx';
import { IikoServerPanel } from './IikoServerPanel.tsx';

export function IikoTab() {
  const [imports, setImports] = useState(0);
  return (
    <Stack>
      <IikoServerPanel onImported={() => setImports((n) => n + 1)} />
      <DepositPaymentTypes version={imports} />
    </Stack>
  );
}
