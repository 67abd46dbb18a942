/** Event subscriptions of a plugin, dispatched by the host's single JDA listener. */
package dev.cogwheel.api.event;
