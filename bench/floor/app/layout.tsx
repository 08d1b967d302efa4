export const metadata = { title: "Floor" };

/** The least a page can be: a document and its body, no stylesheet, no client component. */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en-GB">
      <body>{children}</body>
    </html>
  );
}
