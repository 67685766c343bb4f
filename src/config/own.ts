/**
 * Options are read from their own properties only: a value inherited from a polluted
 * `Object.prototype` (`Object.prototype.auth = …`) is never taken for the user's.
 */

/** `object[key]` when it is the object's own property, else `undefined`. */
export function own<T extends object, K extends keyof T>(object: T, key: K): T[K] | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
