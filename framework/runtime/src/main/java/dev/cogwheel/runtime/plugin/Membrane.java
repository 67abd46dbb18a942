package dev.cogwheel.runtime.plugin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.pf4j.PluginClassLoader;

/**
 * The boundary between plugins and the host objects they are handed, enforced by the JVM.
 *
 * <p>A plugin never receives a host object. It receives a {@link Proxy} of the SDK interface, whose
 * invocation handler ({@code dev.cogwheel.runtime.guard.Guard}) keeps the host object in a private
 * field. That class is defined here, at run time, in a named module of its own that opens no package,
 * in a module layer whose class loader sees only the JDK and the SDK (its parent is the
 * {@link SdkClassLoader}). So:
 *
 * <ul>
 *   <li>{@code setAccessible} or {@code MethodHandles.privateLookupIn} on the proxy, on
 *       {@code Proxy.getInvocationHandler(proxy)} or on their classes throws (the proxy class lives in
 *       the JDK's non-open dynamic module, the handler in {@code cogwheel.guard}, and {@code h} in
 *       {@code java.base});
 *   <li>the class loader of the proxy and of its handler is the guard layer's, which loads no host
 *       class and finds no host service;
 *   <li>a plugin calling the handler itself can call only public methods of the SDK interfaces the
 *       host object implements, as through the proxy.
 * </ul>
 *
 * <p>What the host returns through a proxy is guarded in turn (a host object behind an interface, or
 * in an {@code Optional}, {@code List} or {@code CompletableFuture}); SDK records, enums, strings and
 * the plugin's own objects pass as they are. A plugin object passed to the host where an interface is
 * expected (a handler, a listener, a transaction's work) is wrapped the other way, so that what the host
 * later gives it is guarded too. One membrane serves every plugin of a manager. Thread-safe.
 */
final class Membrane {

  private static final String MODULE = "cogwheel.guard";
  private static final String PACKAGE = "dev.cogwheel.runtime.guard";
  private static final String GUARD = PACKAGE + ".Guard";
  private static final String GUARD_FILE = GUARD.replace('.', '/') + ".class";

  /** Interfaces of JDK values that are data, not services: such JDK objects pass unguarded. */
  private static final List<Class<?>> VALUE_INTERFACES = List.of(Collection.class, Map.class, Iterable.class, CharSequence.class,
      Comparable.class);

  private final SdkClassLoader sdk;
  private final ClassLoader guardLoader;
  private final Class<?> guardClass;
  private final MethodHandle newGuard;
  private final InvocationHandler hostSide = this::callHost;
  private final ClassValue<Boolean> hostClass = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return isHostClass(type);
    }
  };

  /**
   * Defines the guard module.
   *
   * @param sdk the plugins' parent loader, which becomes the guard layer's parent
   * @throws IllegalStateException if the guard's class file is missing from the runtime
   */
  Membrane(SdkClassLoader sdk) {
    this.sdk = sdk;
    ModuleLayer.Controller controller = defineGuardLayer(sdk, readGuardClassFile());
    Module module = controller.layer().findModule(MODULE).orElseThrow();
    // Exported (public members only) to the runtime, so that it can create guards; opened to no one. The
    // runtime's module is the class path's unnamed module, and a library there that calls setAccessible
    // for its caller would otherwise open the guard to plugins.
    controller.addExports(module, PACKAGE, Membrane.class.getModule());
    this.guardLoader = controller.layer().findLoader(MODULE);
    try {
      this.guardClass = Class.forName(GUARD, true, guardLoader);
      this.newGuard = MethodHandles.lookup()
          .findConstructor(guardClass, MethodType.methodType(void.class, Object.class, InvocationHandler.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("The guard module of the plugin sandbox cannot be defined: " + e, e);
    }
    if (guardClass.getModule() != module || module.isOpen(PACKAGE, Membrane.class.getModule())) {
      throw new IllegalStateException("The guard class is not in its closed module " + MODULE + "; plugins would reach host objects");
    }
  }

  /**
   * What a plugin receives in place of a host object: a proxy of the given SDK interface.
   *
   * @param type the SDK interface
   * @param hostObject the host object
   * @param <T> the interface
   * @return the guarded view
   */
  <T> T expose(Class<T> type, T hostObject) {
    return type.cast(guard(hostObject, List.of(type)));
  }

  /** The loader of every guard and proxy: the JDK and the SDK, nothing of the host. */
  ClassLoader guardLoader() {
    return guardLoader;
  }

  private Object callHost(Object target, Method method, Object[] args) throws Throwable {
    Class<?> declaring = method.getDeclaringClass();
    if (declaring == Object.class) {
      return switch (method.getName()) {
        case "hashCode" -> target.hashCode();
        case "equals" -> target.equals(inward(args[0], Object.class));
        case "toString" -> target.toString();
        default -> throw new UnsupportedOperationException(method + " cannot be called on an object of the host");
      };
    }
    int modifiers = method.getModifiers();
    if (!declaring.isInterface() || !declaring.isInstance(target) || !Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers)
        || hostClass.get(declaring)) {
      throw new IllegalArgumentException(method + " is not a method of the SDK interfaces this object implements");
    }
    Object result;
    try {
      result = method.invoke(target, inward(args, method.getParameterTypes()));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    return outward(result, method.getReturnType());
  }

  private Object[] inward(Object[] args, Class<?>[] types) {
    if (args == null) {
      return null;
    }
    Object[] in = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      in[i] = inward(args[i], types[i]);
    }
    return in;
  }

  /** A value going from a plugin to the host. */
  private Object inward(Object value, Class<?> declared) {
    if (value == null) {
      return null;
    }
    if (isGuard(value)) {
      @SuppressWarnings("unchecked")
      Function<Object, Object> guard = (Function<Object, Object>) Proxy.getInvocationHandler(value);
      return guard.apply(hostSide);
    }
    Class<?> type = value.getClass();
    if (declared.isInterface() && type.getClassLoader() != null && type.getClassLoader() != ClassLoader.getPlatformClassLoader()
        && !type.isRecord() && !type.isEnum() && !hostClass.get(declared)) {
      return Proxy.newProxyInstance(guardLoader, new Class<?>[] {declared}, new PluginSide(value));
    }
    return value;
  }

  /** A value going from the host to a plugin. */
  private Object outward(Object value, Class<?> declared) {
    if (value == null || isGuard(value)) {
      return value;
    }
    if (Proxy.isProxyClass(value.getClass()) && Proxy.getInvocationHandler(value) instanceof PluginSide back) {
      return back.target;
    }
    if (value instanceof Optional<?> optional) {
      return optional.map(v -> outward(v, Object.class));
    }
    if (value instanceof CompletableFuture<?> future) {
      return future.thenApply(v -> outward(v, Object.class));
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      boolean changed = false;
      for (Object element : list) {
        Object guarded = outward(element, Object.class);
        changed |= guarded != element;
        out.add(guarded);
      }
      return changed ? List.copyOf(out) : value;
    }
    Class<?> type = value.getClass();
    if (type.getClassLoader() instanceof PluginClassLoader) {
      return value;
    }
    // A host record or enum is a host object like any other: only the SDK's and the JDK's are values.
    if (hostClass.get(type)) {
      return guard(value, declared.isInterface() && !hostClass.get(declared) ? List.of(declared) : visibleInterfaces(type));
    }
    if (isJdk(type) && !type.isRecord() && !type.isEnum() && declared.isInterface() && VALUE_INTERFACES.stream().noneMatch(v -> v.isAssignableFrom(declared))) {
      // A JDK service behind an SDK interface (the scheduler's executor) would hand out what it holds.
      return guard(value, List.of(declared));
    }
    return value;
  }

  private Object guard(Object hostObject, List<Class<?>> interfaces) {
    if (interfaces.isEmpty()) {
      throw new IllegalStateException("The host cannot hand a plugin its " + hostObject.getClass().getName()
          + ": it implements no interface of the SDK");
    }
    try {
      InvocationHandler guard = (InvocationHandler) newGuard.invoke(hostObject, hostSide);
      return Proxy.newProxyInstance(guardLoader, interfaces.toArray(Class<?>[]::new), guard);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("The guard for a " + hostObject.getClass().getName() + " cannot be created", e);
    }
  }

  private boolean isGuard(Object value) {
    return Proxy.isProxyClass(value.getClass()) && Proxy.getInvocationHandler(value).getClass() == guardClass;
  }

  private List<Class<?>> visibleInterfaces(Class<?> type) {
    Set<Class<?>> found = new LinkedHashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> candidate : c.getInterfaces()) {
        if (Modifier.isPublic(candidate.getModifiers()) && !hostClass.get(candidate)) {
          found.add(candidate);
        }
      }
    }
    return List.copyOf(found);
  }

  /** A class that plugins must not hold an instance of: neither the JDK's, nor the SDK's, nor a plugin's. */
  private boolean isHostClass(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    if (isJdk(type) || loader == guardLoader || loader instanceof PluginClassLoader) {
      return false;
    }
    if (!type.isHidden() && sdk.isSdkClass(type.getName())) {
      try {
        return sdk.loadClass(type.getName()) != type;
      } catch (ClassNotFoundException e) {
        return true;
      }
    }
    return true;
  }

  private static boolean isJdk(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return loader == null || loader == ClassLoader.getPlatformClassLoader();
  }

  /** A plugin object held by the host: what the host passes to it is guarded, what it returns is unwrapped. */
  private final class PluginSide implements InvocationHandler {

    private final Object target;

    PluginSide(Object target) {
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0] || target.equals(args[0]);
          case "hashCode" -> target.hashCode();
          default -> target.toString();
        };
      }
      Class<?>[] types = method.getParameterTypes();
      Object[] out = null;
      if (args != null) {
        out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
          out[i] = outward(args[i], types[i]);
        }
      }
      Object result;
      try {
        result = method.invoke(target, out);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      return inward(result, method.getReturnType());
    }
  }

  private static byte[] readGuardClassFile() {
    try (InputStream in = Membrane.class.getClassLoader().getResourceAsStream(GUARD_FILE)) {
      if (in == null) {
        throw new IllegalStateException("The runtime has no " + GUARD_FILE + ": it is needed to isolate plugins; rebuild cogwheel-runtime");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + GUARD_FILE + " from the runtime", e);
    }
  }

  /** A layer with one module, {@value #MODULE}: the guard's class, no exports, no opens. */
  private static ModuleLayer.Controller defineGuardLayer(ClassLoader parent, byte[] guardClassFile) {
    ModuleDescriptor descriptor = ModuleDescriptor.newModule(MODULE).packages(Set.of(PACKAGE)).build();
    ModuleReference reference = new ModuleReference(descriptor, null) {
      @Override
      public ModuleReader open() {
        return new ModuleReader() {
          @Override
          public Optional<URI> find(String name) {
            return Optional.empty();
          }

          @Override
          public Optional<InputStream> open(String name) {
            return GUARD_FILE.equals(name) ? Optional.of(new ByteArrayInputStream(guardClassFile)) : Optional.empty();
          }

          @Override
          public Optional<ByteBuffer> read(String name) {
            return GUARD_FILE.equals(name) ? Optional.of(ByteBuffer.wrap(guardClassFile)) : Optional.empty();
          }

          @Override
          public Stream<String> list() {
            return Stream.of(GUARD_FILE);
          }

          @Override
          public void close() {
            // nothing is held open
          }
        };
      }
    };
    ModuleFinder finder = new ModuleFinder() {
      @Override
      public Optional<ModuleReference> find(String name) {
        return MODULE.equals(name) ? Optional.of(reference) : Optional.empty();
      }

      @Override
      public Set<ModuleReference> findAll() {
        return Set.of(reference);
      }
    };
    Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(MODULE));
    return ModuleLayer.defineModulesWithOneLoader(configuration, List.of(ModuleLayer.boot()), parent);
  }
}
