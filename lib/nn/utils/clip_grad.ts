// Written by work in progress.
export {};
