// Renders a root component into the page with the language provider (the staff application and
// the public report page, each from its own boot module).
import React, { type ComponentType } from 'react';
import ReactDOM from 'react-dom/client';
import { I18nProvider } from './i18n';

export function renderRoot(Root: ComponentType) {
  ReactDOM.createRoot(document.getElementById('root')!).render(
    <React.StrictMode>
      <I18nProvider>
        <Root />
      </I18nProvider>
    </React.StrictMode>,
  );
}
