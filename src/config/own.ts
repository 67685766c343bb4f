/**
 * Options are read from their own properties only: a value inherited from a polluted
 * `Object.prototype` (`Object.prototype.auth = …`) is never taken for the user's.
 */

/** `object[key]` when it is the object's own property, else `undefined`. */
export function own<T extends object, K extends keyof T>(object: T, key: K): T[K] | undefined {
  // Most options are absent: read first, and ask whose property it is only for a value found.
  const value = object[key];
  return value === undefined || Object.hasOwn(object, key) ? value : undefined;
}

/**
 * `value`, which the caller read as `object[key]`, when it is the object's own property, else
 * `undefined`: {@link own} for hot paths, where a plain property read stays monomorphic.
 */
export function ownValue<V>(object: object, key: PropertyKey, value: V): V | undefined {
  return value === undefined || Object.hasOwn(object, key) ? value : undefined;
}
