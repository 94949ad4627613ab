// The contract's handlers, typed from the contract. Each part (core, insights) exports handlers for exactly
// its own methods; combine() joins them once at start and refuses anything but one handler per contract method.
import type { z } from 'zod';
import { methods, type MethodName, type MethodOutput, type Methods } from '../shared/contract.js';

/** What a handler receives: the input after the method's schema ran (defaults filled in). */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type Handler<M extends MethodName> = (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
/** One part's handlers: every method of M, each typed by its own schemas. */
export type Handlers<M extends MethodName> = { [K in M]: Handler<K> };
/** What combine() takes: a part, whichever methods it serves. */
export type Part = { readonly [K in MethodName]?: Handler<K> };
/** Every contract method with its handler. */
export type Registry = Readonly<Handlers<MethodName>>;

/** Own properties only, so '__proto__' or 'toString' never count as methods. */
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

/** Joins the parts; throws, naming every problem, on a method served twice, unserved, or not in the contract. */
export function combine(...parts: Part[]): Registry {
  // A null prototype: a lookup can only ever find a registered handler.
  const served = Object.create(null) as Record<string, unknown>;
  const problems: string[] = [];
  for (const part of parts) {
    for (const [name, handler] of Object.entries(part)) {
      if (!isMethodName(name)) problems.push(`a handler for ${name}, which is not in the contract`);
      else if (Object.hasOwn(served, name)) problems.push(`${name} is served twice`);
      else if (typeof handler !== 'function') problems.push(`the handler for ${name} is not a function`);
      else served[name] = handler;
    }
  }
  const missing = Object.keys(methods).filter((m) => !Object.hasOwn(served, m));
  if (missing.length > 0) problems.push(`nobody serves ${missing.join(', ')}`);
  if (problems.length > 0) throw new Error(`Handler registry: ${problems.join('; ')}`);
  // Every contract method was checked above to have exactly one handler from a typed part.
  return Object.freeze(served) as Registry;
}
