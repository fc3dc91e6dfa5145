// The citizen's public report page, loaded by main.tsx with React in parallel.
import { renderRoot } from './render';
import PublicReportPage from './features/public/PublicReportPage';

renderRoot(PublicReportPage);
