// The ES module entry of torchts/text: the same bindings as the CommonJS one.
export * from "./text/index.js";
export { default } from "./text/index.js";
