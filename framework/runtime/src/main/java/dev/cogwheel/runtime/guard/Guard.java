package dev.cogwheel.runtime.guard;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * The invocation handler of every proxy a plugin receives in place of a host object. It holds the host
 * object and the host's handler in private fields, and this class is defined in a named module of its
 * own ({@code cogwheel.guard}) that opens no package: reflection from a plugin
 * ({@code setAccessible}, {@code MethodHandles.privateLookupIn}) cannot read them, because the JVM
 * refuses it. See {@code runtime.plugin.Membrane}, which defines the module and checks every call.
 *
 * <p>The host never loads this class through its own class loader: it reads the class file and defines
 * it in the module's layer, whose loader sees only the JDK and the SDK. This class may therefore use
 * nothing but {@code java.base}. The module opens its package to no one, not even to the host: a
 * class-path library that calls {@code setAccessible} for its caller must not be a way in. The host
 * gets its object back through {@link #apply}, which answers only the host's own handler.
 */
public final class Guard implements InvocationHandler, Function<Object, Object> {

  private final Object target;
  private final InvocationHandler host;

  /**
   * Creates the handler.
   *
   * @param target the host object
   * @param host what runs each call on the host object, after checking it
   */
  public Guard(Object target, InvocationHandler host) {
    this.target = target;
    this.host = host;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    return host.invoke(target, method, args);
  }

  /**
   * The host object, for the host.
   *
   * @param key the host's handler given to the constructor
   * @return the host object
   * @throws IllegalArgumentException for any other key
   */
  @Override
  public Object apply(Object key) {
    if (key != host) {
      throw new IllegalArgumentException("Only the host can unwrap its objects");
    }
    return target;
  }

  @Override
  public String toString() {
    return "Guard";
  }
}
