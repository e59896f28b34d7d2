// The preamble the browser specs share: `vanthu serve --demo` (lib.mjs' startServer) and Debian's
// chromium started before the spec's tests and stopped after them, one watched page whose console
// and uncaught errors are collected in problems, and sign-in, sign-out and a document's step on
// that page. A spec:
//
//   let server; let page;
//   const { problems, signIn, signOut, step } = browserSuite({ started: (s) => ({ server, page } = s) });
import { before, after } from 'node:test';
import { launchBrowser, startServer, watchedPage, takeStep, signIn as signInWith, signOut as signOutOf } from './lib.mjs';

export const TIMEOUT = 90_000;

/**
 * Registers the before and after hooks. Options: timeout (the page's default), serverOptions()
 * (async; startServer's options, run first: a spec starts what the server needs there), started(suite)
 * (called once the server, browser and page are up), cleanUp() (after the server stopped).
 * Returns the suite: {server, browser, page} (set in the before hook), problems, signIn(account),
 * signOut(), step(action, expectedState, fill, timeout).
 */
export function browserSuite({ timeout = TIMEOUT, serverOptions = async () => ({}), started = () => {}, cleanUp = async () => {} } = {}) {
  const suite = { server: null, browser: null, page: null, problems: [] };
  suite.signIn = (account) => signInWith(suite.page, suite.server.url, account);
  suite.signOut = () => signOutOf(suite.page);
  suite.step = (action, expectedState, fill, stepTimeout) => takeStep(suite.page, action, expectedState, fill, stepTimeout);
  before(async () => {
    suite.server = await startServer(await serverOptions());
    suite.browser = await launchBrowser();
    suite.page = await watchedPage(suite.browser, suite.problems, timeout);
    started(suite);
  });
  after(async () => {
    if (suite.browser) await suite.browser.close();
    if (suite.server) await suite.server.stop();
    await cleanUp();
  });
  return suite;
}
