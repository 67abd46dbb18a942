/**
 * The ephemeral stores behind {@link dev.cogwheel.storage.ephemeral.EphemeralStore}: one
 * {@link dev.cogwheel.storage.postgres.ephemeral.EphemeralSpace} per backend, in process memory by
 * default or in Redis when {@code ephemeral.redis.url} is set, handing each plugin a store that sees
 * only its own keys.
 */
package dev.cogwheel.storage.postgres.ephemeral;
