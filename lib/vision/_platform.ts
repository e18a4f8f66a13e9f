// Which build of a prebuilt native package fits this machine: Linux with musl libc (Alpine)
// takes the packages' "musl" builds. process.report is slow (a report of the whole process),
// so it is read once.
let musl: boolean | null = null;

/** True on Linux with musl libc rather than glibc. */
export function isMuslLinux(): boolean {
  if (musl === null) {
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
    musl = process.platform === "linux" && !header?.glibcVersionRuntime;
  }
  return musl;
}
