/** Delayed and repeated tasks that belong to a plugin and stop with it. */
package dev.cogwheel.api.scheduler;
