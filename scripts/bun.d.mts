/** Absolute path of the Bun binary the build uses; throws with instructions when it is missing. */
export function bunPath(): string;
