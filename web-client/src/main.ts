import './styles.css';
import { renderDocumentPage } from './ui/document-page';
import { currentRoute } from './ui/routes';
import { renderStartPage } from './ui/start-page';
import { theme } from './ui/storage';

/** The app: a start page at `/`, a document at `/d/{docId}` (or `/#/d/{docId}`); history.pushState between them. */
const root = document.getElementById('app')!;
let dispose: () => void = () => {};

function render(): void {
  dispose();
  const route = currentRoute();
  dispose = route.page === 'document'
    ? renderDocumentPage(root, route.docId, navigate)
    : renderStartPage(root, navigate);
}

function navigate(path: string): void {
  history.pushState(null, '', path);
  render();
}

document.documentElement.dataset.theme = theme();
window.addEventListener('popstate', render);
window.addEventListener('hashchange', render);
render();
