/**
 * Short-lived helper data with a time to live: cooldowns, pending confirmations, rate limits. Kept in
 * process memory, or in Redis when the operator configures it. Never durable.
 */
package dev.cogwheel.storage.ephemeral;
