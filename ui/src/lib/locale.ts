// Imported first by main.ts. Without LANG (a bare session, a container, CI),
// WebKitGTK reports the POSIX locale "C" as navigator.language, which Intl
// refuses with a RangeError; a library that formats by the user's language
// when it loads (uPlot) would then stop the whole window from starting.
// Such a language falls back to en-US; a real one is left alone.
try {
  new Intl.NumberFormat(navigator.language);
} catch {
  Object.defineProperty(navigator, 'language', { value: 'en-US', configurable: true });
}
