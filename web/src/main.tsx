// The entry: as small as it can be, so that the browser asks for everything the page needs at
// once instead of one file after another. The public pages — the citizen's report page
// (/phan-anh, /report) and the status page (/trang-thai, /status) — load only their own small
// bundle (no UI library); everything else loads the staff application,
// whose pages load on demand — and the session check leaves before either has arrived.
import { startSessionCheck } from './early';

const first = window.location.pathname.split('/')[1];
const isPublic = ['phan-anh', 'report', 'trang-thai', 'status'].includes(first);

// Two separate import() calls: each gets its own list of files to fetch.
if (isPublic) {
  void import('./bootPublic');
} else {
  startSessionCheck();
  void import('./bootStaff');
}
