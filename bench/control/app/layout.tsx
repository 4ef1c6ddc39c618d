/** The benchmark's control page (bench/control/README.md): no styles, no fonts, no scripts of our own. */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
