// The Next.js App Router app the SSR smoke test builds from the packed tarball (scripts/ssr-smoke.mjs):
// a server layout that loads annokit's stylesheet.
import 'annokit/styles.css';

// An empty icon, so the browser does not ask for a /favicon.ico the app does not have.
export const metadata = { title: 'annokit on Next.js', icons: { icon: 'data:,' } };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
