// Гости: the search (/guests) and a guest's page (/guests/:id).
import { Route, Routes } from 'react-router';
import { GuestSearch } from './GuestSearch.tsx';
import { GuestPage } from './GuestPage.tsx';

export default function GuestsPage() {
  return (
    <Routes>
      <Route index element={<GuestSearch />} />
      <Route path=":id" element={<GuestPage />} />
    </Routes>
  );
}
