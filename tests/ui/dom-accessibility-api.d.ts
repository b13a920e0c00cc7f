// dom-accessibility-api (used by @testing-library/dom to name elements) ships types its package
// "exports" map does not point to; this declares the one function the tests use.
declare module 'dom-accessibility-api' {
  export function computeAccessibleName(element: Element): string;
}
