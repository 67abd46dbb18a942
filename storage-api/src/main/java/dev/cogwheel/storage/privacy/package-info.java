/**
 * What a plugin holds about a person, keyed by {@link dev.cogwheel.storage.Pid}, so that
 * {@code /mydata export} and {@code /mydata forget} cover every plugin.
 */
package dev.cogwheel.storage.privacy;
