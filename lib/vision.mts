// The ES module entry of torchts/vision: the same bindings as the CommonJS one.
export * from "./vision/index.js";
export { default } from "./vision/index.js";
