declare module "node-gyp-build" {
  function load(dir: string): unknown;
  namespace load {
    /** The path of the binary that load(dir) would load; throws when there is none. */
    function path(dir: string): string;
  }
  export = load;
}
