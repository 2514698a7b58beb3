import { createRoot } from 'react-dom/client';

import { chooseWorkerApi, isDesktopApp } from './api/electron.js';
import { connectWorkerStore } from './stores/use-worker-store.js';
import { DashboardRoutes } from './views/DashboardRoutes.js';
import './styles.css';

const api = chooseWorkerApi();
connectWorkerStore(api);
const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<DashboardRoutes api={api} desktop={isDesktopApp()} />);
