// Written by the layer work in progress.
export {};
