package dev.cogwheel.localdiscord;

/**
 * The live state of a local Discord, built from a {@link World}, and the one lock that guards it.
 * The state is held by parts with one job each: {@link Directory} (users, guilds, channels, roles,
 * members), {@link Messages}, {@link Interactions}, {@link CommandRegistry}, {@link GuildChannels},
 * {@link GuildMembers} and {@link VoiceStates}; {@link Payloads} and {@link Snapshots} write it out,
 * {@link Gateway} sends the events the parts announce, and {@link Waiters} wakes the threads that
 * wait for it.
 *
 * <p>The lock is this object's monitor. A thread takes it where it enters the world (a REST call in
 * {@link RestApi}, a gateway IDENTIFY or member request in {@link Gateway}, a driven user action or
 * a read in {@link LocalDiscord}, {@link LocalUser}, {@link InteractionHandle} and {@link OAuth2Api})
 * and holds it for the whole call, so that each sees and changes one consistent state; the parts
 * never lock on their own and are called only with it held. Every change ends with {@link
 * Waiters#changed()} under the lock, which wakes the waiters whose condition now holds; a woken
 * waiter takes the lock again before it returns, so it sees the whole change.
 */
final class WorldState {

  /** The token the bot must present on REST and the gateway. */
  final String token;
  final ActionLog actions;
  final Waiters waiters;
  final Directory directory;
  final Payloads payloads;
  final Snapshots snapshots;
  final Gateway gateway;
  final Messages messages;
  final VoiceStates voice;
  final GuildChannels channels;
  final CommandRegistry commands;
  final GuildMembers members;
  final Interactions interactions;

  WorldState(World world, History history) {
    Snowflakes ids = new Snowflakes();
    this.token = world.token();
    this.actions = new ActionLog(history.actions());
    this.waiters = new Waiters(this);
    this.directory = new Directory(ids, world.botName());
    for (String name : world.users()) {
      directory.addUser(name, false);
    }
    for (World.GuildSpec spec : world.guilds()) {
      directory.createGuild(spec);
    }
    this.payloads = new Payloads(directory);
    this.snapshots = new Snapshots(directory);
    this.gateway = new Gateway(this);
    this.messages = new Messages(ids, directory, payloads, gateway, waiters, history.messagesPerChannel());
    this.voice = new VoiceStates(directory, payloads, gateway, waiters);
    this.channels = new GuildChannels(ids, directory, payloads, voice, gateway, waiters);
    this.commands = new CommandRegistry(ids, directory);
    this.members = new GuildMembers(directory, payloads, voice, commands, gateway, waiters);
    this.interactions = new Interactions(
        ids, directory, payloads, messages, snapshots, gateway, waiters, history.interactions());
  }
}
