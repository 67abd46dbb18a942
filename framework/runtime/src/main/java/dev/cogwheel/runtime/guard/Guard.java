package dev.cogwheel.runtime.guard;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The invocation handler of every proxy a plugin receives in place of a host object. It holds the host
 * object and the host's handler in private fields, and this class is defined in a named module of its
 * own ({@code cogwheel.guard}) that opens no package: reflection from a plugin
 * ({@code setAccessible}, {@code MethodHandles.privateLookupIn}) cannot read them, because the JVM
 * refuses it. See {@code runtime.plugin.Membrane}, which defines the module and checks every call.
 *
 * <p>The host never loads this class through its own class loader: it reads the class file and defines
 * it in the module's layer, whose loader sees only the JDK and the SDK. This class may therefore use
 * nothing but {@code java.base}.
 */
public final class Guard implements InvocationHandler {

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

  @Override
  public String toString() {
    return "Guard";
  }
}
