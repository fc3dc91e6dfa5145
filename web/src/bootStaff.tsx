// The staff application, loaded by main.tsx with React and its code in parallel.
import { renderRoot } from './render';
import App from './App';

renderRoot(App);
