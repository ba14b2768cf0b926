import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { installCsrfHeader, loadUser, renderSignIn } from './auth';

/** The page's entry: the app for a signed-in user, the sign-in form for anyone else. */
installCsrfHeader();
void loadUser().then((user) => {
  if (user) void import('./main');
  else renderSignIn(document.getElementById('app')!);
});
