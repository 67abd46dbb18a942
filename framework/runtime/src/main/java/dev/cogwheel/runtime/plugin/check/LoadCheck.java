package dev.cogwheel.runtime.plugin.check;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * The load-time check of a plugin's bytecode: every class file its class loader could define
 * ({@link PluginClassFiles}) is read, and every type it names, every method and field it uses, every
 * method reference and bootstrap method of its {@code invokedynamic}s and every constant it loads is
 * held against the {@link CheckRules}. A finding names the class and member, what it does and the
 * {@link Rule}.
 *
 * <p>Calls are matched on the declaring type: a call through a plugin's own subclass
 * ({@code myThread.setContextClassLoader}) matches the JDK method it inherits. Where a rule needs a
 * constant (a system property key, a class name), the value's every source in the method's data flow
 * must be a string constant the rules accept; anything computed is refused.
 *
 * <p>One instance serves a whole host; thread-safe.
 */
public final class LoadCheck {

  private static final String FOR_NAME_CONSTANT = "(Ljava/lang/String;)Ljava/lang/Class;";

  private final PluginClassFiles files = new PluginClassFiles();
  private final ClassLoader visible;
  private final Map<String, Optional<CheckRules.Hit>> typeHits = new ConcurrentHashMap<>();
  /** The supertypes of the JDK's and the SDK's classes, and the names they do not have: the same for every plugin. */
  private final Map<String, Optional<Set<String>>> hostAncestors = new ConcurrentHashMap<>();
  private final Map<String, Boolean> hostHas = new ConcurrentHashMap<>();

  /**
   * Creates the check.
   *
   * @param visible the class loader whose classes every plugin sees besides its own (the SDK's, whose
   *     parent is the JDK's platform loader): the check resolves the supertypes of the JDK and SDK types
   *     a plugin uses through it, without initialising them
   */
  public LoadCheck(ClassLoader visible) {
    this.visible = Objects.requireNonNull(visible, "visible");
  }

  /**
   * Checks a plugin.
   *
   * @param locations its jar, or its development class directories and bundled jars
   * @param dependencies the class loaders of the plugins it depends on, to know the supertypes of their classes
   * @return every finding; empty when the plugin passes
   * @throws java.io.UncheckedIOException if a file cannot be read
   */
  public List<Finding> check(List<Path> locations, List<ClassLoader> dependencies) {
    PluginClassFiles.Contents contents = files.read(locations);
    Set<Finding> findings = new LinkedHashSet<>(contents.findings());
    Map<String, ClassNode> own = new HashMap<>();
    List<Parsed> parsed = new ArrayList<>();
    for (PluginClassFiles.ClassFile file : contents.classes()) {
      ClassNode node = new ClassNode();
      try {
        // Debug attributes (line numbers, local variable names) name nothing the code can use.
        new ClassReader(file.bytes()).accept(node, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
      } catch (RuntimeException e) {
        findings.add(new Finding(file.entry(), "is not a valid class file (" + e + ")", Rule.PACKAGING, file.entry()));
        continue;
      }
      // The plugin's class loader asks the host first: a class the SDK or the JDK has is the host's, whatever
      // a copy in the jar says about its supertypes, and is checked as the host's.
      if (!shadowsHost(node.name)) {
        own.putIfAbsent(node.name, node);
      }
      parsed.add(new Parsed(file.entry(), node));
    }
    Scope scope = new Scope(own, dependencies, new HashMap<>(), new HashMap<>());
    for (Parsed p : parsed) {
      new ClassCheck(p.entry(), p.node(), scope, findings).run();
    }
    return List.copyOf(findings);
  }

  private record Parsed(String entry, ClassNode node) {}

  /** The classes of one plugin, the loaders of its dependencies, and the supertypes found so far. */
  private record Scope(Map<String, ClassNode> own, List<ClassLoader> dependencies, Map<String, Set<String>> ancestors,
      Map<String, List<CheckRules.Hit>> descriptors) {}

  /** Checks one class file. */
  private final class ClassCheck {

    private final String entry;
    private final ClassNode node;
    private final Scope scope;
    private final Set<Finding> findings;
    private final String className;
    private String member = "<class>";

    ClassCheck(String entry, ClassNode node, Scope scope, Set<Finding> findings) {
      this.entry = entry;
      this.node = node;
      this.scope = scope;
      this.findings = findings;
      this.className = node.name.replace('/', '.');
    }

    void run() {
      if (node.superName != null) {
        type(node.superName);
        if (!scope.own().containsKey(node.superName)
            && (node.superName.equals("java/lang/ClassLoader") || isClassLoader(node.superName))) {
          add(Rule.CLASS_DEFINITION, "extends " + node.superName.replace('/', '.'));
        }
      }
      node.interfaces.forEach(this::type);
      for (FieldNode field : node.fields) {
        member = field.name;
        descriptor(field.desc);
      }
      for (MethodNode method : node.methods) {
        member = method.name;
        method(method);
      }
    }

    private void method(MethodNode method) {
      descriptor(method.desc);
      method.exceptions.forEach(this::type);
      for (TryCatchBlockNode block : method.tryCatchBlocks) {
        if (block.type != null) {
          type(block.type);
        }
      }
      Frame<SourceValue>[] frames = null;
      for (AbstractInsnNode insn : method.instructions) {
        if (insn instanceof TypeInsnNode t) {
          typeOrArray(t.desc);
        } else if (insn instanceof FieldInsnNode f) {
          type(f.owner);
          descriptor(f.desc);
        } else if (insn instanceof MethodInsnNode m) {
          typeOrArray(m.owner);
          descriptor(m.desc);
          call(m.owner, m.name, m.desc);
          if (needsConstant(m)) {
            if (frames == null) {
              frames = analyze(method);
            }
            constantArgument(m, frames == null ? null : frames[method.instructions.indexOf(m)]);
          }
        } else if (insn instanceof InvokeDynamicInsnNode indy) {
          invokeDynamic(indy);
        } else if (insn instanceof LdcInsnNode ldc) {
          constant(ldc.cst);
        } else if (insn instanceof MultiANewArrayInsnNode multi) {
          typeOrArray(multi.desc);
        }
      }
    }

    private void invokeDynamic(InvokeDynamicInsnNode indy) {
      Handle bootstrap = indy.bsm;
      if (!CheckRules.BOOTSTRAPS.contains(bootstrap.getOwner() + "." + bootstrap.getName())) {
        add(Rule.REFLECTION, "builds a call site with bootstrap method " + bootstrap.getOwner().replace('/', '.') + "."
            + bootstrap.getName());
      }
      descriptor(indy.desc);
      for (Object argument : indy.bsmArgs) {
        constant(argument);
      }
    }

    /** A constant of an ldc or a bootstrap argument. */
    private void constant(Object value) {
      if (value instanceof Type type) {
        if (type.getSort() == Type.METHOD) {
          descriptor(type.getDescriptor());
        } else {
          typeOrArray(type.getSort() == Type.OBJECT ? type.getInternalName() : type.getDescriptor());
        }
      } else if (value instanceof Handle handle) {
        // A method reference: what it refers to is used as if called.
        typeOrArray(handle.getOwner());
        descriptor(handle.getDesc());
        call(handle.getOwner(), handle.getName(), handle.getDesc());
      } else if (value instanceof ConstantDynamic dynamic) {
        add(Rule.REFLECTION, "loads a dynamic constant with bootstrap method " + dynamic.getBootstrapMethod().getOwner()
            .replace('/', '.') + "." + dynamic.getBootstrapMethod().getName());
      }
    }

    private void call(String owner, String name, String descriptor) {
      String shown = "calls " + owner.replace('/', '.') + "." + name;
      if (owner.equals("java/lang/Class") && name.equals("forName") && !descriptor.equals(FOR_NAME_CONSTANT)) {
        add(Rule.CLASS_LOADING, shown + " with a class loader or module");
      }
      if (owner.equals("java/util/ServiceLoader") && name.equals("load")
          && (descriptor.contains("Ljava/lang/ClassLoader;") || descriptor.contains("Ljava/lang/ModuleLayer;"))) {
        add(Rule.CLASS_LOADING, shown + " with a class loader or module layer");
      }
      if (name.equals("<init>")) {
        // A constructor is its class's own, never inherited.
        CheckRules.method(owner, name, descriptor).ifPresent(rule -> add(rule, shown));
        return;
      }
      if (!CheckRules.mayRefuse(name)) {
        return;
      }
      for (String ancestor : ancestors(owner)) {
        Optional<Rule> rule = CheckRules.method(ancestor, name, descriptor);
        if (rule.isPresent()) {
          add(rule.get(), ancestor.equals(owner) ? shown : shown + " (" + ancestor.replace('/', '.') + "." + name + ")");
          return;
        }
      }
    }

    private boolean needsConstant(MethodInsnNode m) {
      return (m.owner.equals("java/lang/Class") && m.name.equals("forName") && m.desc.equals(FOR_NAME_CONSTANT))
          || CheckRules.constantArgument(m.owner, m.name).isPresent();
    }

    /** The key or class name passed as the first argument: each of its sources must be an accepted constant. */
    private void constantArgument(MethodInsnNode m, Frame<SourceValue> frame) {
      boolean forName = m.owner.equals("java/lang/Class");
      Rule rule = forName ? Rule.CLASS_LOADING : CheckRules.constantArgument(m.owner, m.name).orElseThrow();
      String shown = "calls " + m.owner.replace('/', '.') + "." + m.name;
      List<String> constants = frame == null ? null : constants(frame, Type.getArgumentTypes(m.desc).length);
      if (constants == null) {
        add(rule, shown + (forName ? " with a computed class name" : " with a key that is not a constant written in the call"));
        return;
      }
      for (String constant : constants) {
        if (forName) {
          String internal = constant.replace('.', '/');
          Optional<CheckRules.Hit> hit = typeHit(internal);
          hit.ifPresent(h -> add(h.rule(), shown + "(\"" + constant + "\")"));
          if (hit.isEmpty() && isClassLoader(internal)) {
            add(Rule.CLASS_DEFINITION, shown + "(\"" + constant + "\")");
          }
        } else if (!CheckRules.READABLE_PROPERTIES.contains(constant)) {
          add(rule, shown + "(\"" + constant + "\"), a property plugins may not read");
        }
      }
    }

    /** The string constants the first of {@code arguments} stack values can be, or null if any source is not one. */
    private List<String> constants(Frame<SourceValue> frame, int arguments) {
      SourceValue value = frame.getStack(frame.getStackSize() - arguments);
      List<String> constants = new ArrayList<>();
      for (AbstractInsnNode source : value.insns) {
        if (source instanceof LdcInsnNode ldc && ldc.cst instanceof String s) {
          constants.add(s);
        } else {
          return null;
        }
      }
      return constants.isEmpty() ? null : constants;
    }

    private Frame<SourceValue>[] analyze(MethodNode method) {
      try {
        return new Analyzer<>(new SourceInterpreter()).analyze(node.name, method);
      } catch (AnalyzerException e) {
        return null;
      }
    }

    /** Every type in a field or method descriptor; a descriptor's types are looked at once per plugin. */
    private void descriptor(String descriptor) {
      for (CheckRules.Hit hit : scope.descriptors().computeIfAbsent(descriptor, this::descriptorHits)) {
        add(hit.rule(), hit.what());
      }
    }

    private List<CheckRules.Hit> descriptorHits(String descriptor) {
      Type type = Type.getType(descriptor);
      List<Type> types = new ArrayList<>();
      if (type.getSort() == Type.METHOD) {
        types.addAll(List.of(type.getArgumentTypes()));
        types.add(type.getReturnType());
      } else {
        types.add(type);
      }
      List<CheckRules.Hit> hits = new ArrayList<>();
      for (Type t : types) {
        Type element = t.getSort() == Type.ARRAY ? t.getElementType() : t;
        if (element.getSort() == Type.OBJECT && !scope.own().containsKey(element.getInternalName())) {
          typeHit(element.getInternalName()).ifPresent(hits::add);
        }
      }
      return hits;
    }

    /** An internal name, or an array or field descriptor. */
    private void typeOrArray(String nameOrDescriptor) {
      if (nameOrDescriptor.length() == 1) {
        return;
      }
      if (nameOrDescriptor.startsWith("[") || nameOrDescriptor.endsWith(";")) {
        Type type = Type.getType(nameOrDescriptor);
        Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
        if (element.getSort() == Type.OBJECT) {
          type(element.getInternalName());
        }
      } else {
        type(nameOrDescriptor);
      }
    }

    private void type(String internalName) {
      if (scope.own().containsKey(internalName)) {
        return;
      }
      typeHit(internalName).ifPresent(hit -> add(hit.rule(), hit.what()));
    }

    private void add(Rule rule, String what) {
      findings.add(new Finding(className + "." + member, what, rule, entry));
    }

    /** The type and all its supertypes, by internal name: the plugin's own from its class files, others as the host resolves them. */
    private Set<String> ancestors(String internalName) {
      return scope.ancestors().computeIfAbsent(internalName, this::findAncestors);
    }

    private Set<String> findAncestors(String internalName) {
      Set<String> all = new LinkedHashSet<>();
      Deque<String> todo = new ArrayDeque<>();
      todo.add(internalName);
      while (!todo.isEmpty()) {
        String next = todo.poll();
        if (!all.add(next)) {
          continue;
        }
        ClassNode ownClass = scope.own().get(next);
        if (ownClass != null) {
          if (ownClass.superName != null) {
            todo.add(ownClass.superName);
          }
          todo.addAll(ownClass.interfaces);
        } else {
          all.addAll(hostAncestors(next, scope.dependencies()));
        }
      }
      return all;
    }

    private boolean isClassLoader(String internalName) {
      return !internalName.equals("java/lang/ClassLoader") && ancestors(internalName).contains("java/lang/ClassLoader");
    }
  }

  private boolean shadowsHost(String internalName) {
    return CheckRules.isJdk(internalName)
        || hostHas.computeIfAbsent(internalName, name -> visible.getResource(name + ".class") != null);
  }

  private Optional<CheckRules.Hit> typeHit(String internalName) {
    return typeHits.computeIfAbsent(internalName, CheckRules::type);
  }

  /** A class outside the plugin and its supertypes, resolved without initialising it; itself alone if it cannot be found. */
  private Set<String> hostAncestors(String internalName, List<ClassLoader> dependencies) {
    Optional<Set<String>> host = hostAncestors.computeIfAbsent(internalName,
        name -> Optional.ofNullable(load(name.replace('/', '.'), visible)).map(LoadCheck::supertypes));
    if (host.isPresent()) {
      return host.get();
    }
    for (ClassLoader dependency : dependencies) {
      Class<?> type = load(internalName.replace('/', '.'), dependency);
      if (type != null) {
        return supertypes(type);
      }
    }
    return Set.of(internalName);
  }

  private static Set<String> supertypes(Class<?> type) {
    Set<String> all = new LinkedHashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    todo.add(type);
    while (!todo.isEmpty()) {
      Class<?> next = todo.poll();
      if (all.add(next.getName().replace('.', '/'))) {
        if (next.getSuperclass() != null) {
          todo.add(next.getSuperclass());
        }
        todo.addAll(List.of(next.getInterfaces()));
      }
    }
    return Set.copyOf(all);
  }

  private static Class<?> load(String binaryName, ClassLoader loader) {
    try {
      return Class.forName(binaryName, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
