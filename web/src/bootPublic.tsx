// The public pages, loaded by main.tsx with React in parallel: the citizen's report page, or the
// province's status page.
import { renderRoot } from './render';
import PublicReportPage from './features/public/PublicReportPage';
import PublicStatusPage from './features/public/PublicStatusPage';

const first = window.location.pathname.split('/')[1];
renderRoot(first === 'trang-thai' || first === 'status' ? PublicStatusPage : PublicReportPage);
