/** Exit codes: 0 all went well, 1 some input or stored data failed, 2 the command itself was wrong. */
export const EXIT = { ok: 0, inputFailed: 1, usage: 2 } as const;
