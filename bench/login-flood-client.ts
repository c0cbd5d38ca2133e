// The flood of bench/login-flood.ts, in a process of its own as a flood from other machines
// would be: FLOODERS clients send wrong passwords to the sign-in as fast as they are answered,
// until told to stop; then the count of each status goes back to the parent ('count' sends the
// counts so far and goes on).
//
//   forked by bench/login-flood.ts with the server's address and the number of clients
const [base, clients] = [process.argv[2] as string, Number(process.argv[3])];
const statuses: Record<number, number> = {};
let flooding = true;

const flooders = Array.from({ length: clients }, async (_, n) => {
  while (flooding) {
    const res = await fetch(`${base}/api/admin/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `owner${n % 2 ? '' : n}@flood.example`,
        password: `wrong-${n}`,
      }),
    });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
});

process.on('message', async (what) => {
  if (what === 'count') return process.send?.({ ...statuses });
  flooding = false;
  await Promise.all(flooders);
  process.send?.(statuses, () => process.exit(0));
});
process.send?.('flooding');
