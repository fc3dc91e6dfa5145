// Two entries behind one page: the citizen's public report page (/phan-anh, /report) loads only
// its own small bundle (no UI library); everything else loads the staff application, whose
// pages load on demand.
import React from 'react';
import ReactDOM from 'react-dom/client';
import { I18nProvider } from './i18n';
import { startSessionCheck } from './session';

const first = window.location.pathname.split('/')[1];
const isPublic = first === 'phan-anh' || first === 'report';
const root = ReactDOM.createRoot(document.getElementById('root')!);

// Two separate import() calls: each gets its own list of files to fetch.
const loadPublic = () => import('./public/PublicReportPage');
const loadStaff = () => {
  // While the application's code arrives: who is signed in.
  startSessionCheck();
  return import('./App');
};

void (isPublic ? loadPublic() : loadStaff()).then(({ default: Root }) => {
  root.render(
    <React.StrictMode>
      <I18nProvider>
        <Root />
      </I18nProvider>
    </React.StrictMode>,
  );
});
