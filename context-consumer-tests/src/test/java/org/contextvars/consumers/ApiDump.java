package org.contextvars.consumers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The public API of a jar as the JVM sees it, one line per declaration, read from the class files:
 * every public or protected class outside {@code internal} packages, with its public and protected
 * fields and methods (Kotlin declarations included, as their JVM classes and members). Sorted, so
 * that the text changes exactly when the API does.
 *
 * <p>Kotlin {@code internal} declarations are public to the JVM but not API: the class's Kotlin
 * metadata names them ({@link KotlinDeclarations}) and they are left out, except those marked
 * {@code @PublishedApi}, which inline functions of the API call.
 */
final class ApiDump {
  private static final String KOTLIN_METADATA = "Lkotlin/Metadata;";
  private static final String PUBLISHED_API = "Lkotlin/PublishedApi;";

  private ApiDump() {}

  static String of(Path jar) throws IOException {
    Map<String, ClassDump> dumps = new HashMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (!name.endsWith(".class")
            || name.endsWith("module-info.class")
            || name.startsWith("META-INF/")
            || name.contains("/internal/")) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry)) {
          ClassDump dump = new ClassDump();
          new ClassReader(in).accept(dump, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG);
          dumps.put(dump.name, dump);
        }
      }
    }
    TreeMap<String, String> classes = new TreeMap<>();
    for (ClassDump dump : dumps.values()) {
      if (dump.isApi() && !insideKotlinHiddenClass(dump, dumps)) {
        classes.put(dump.name, dump.text());
      }
    }
    return String.join("", classes.values());
  }

  /**
   * A class nested in an internal Kotlin class is not API, whatever its own visibility: the JVM
   * sees both as public, only the outer class's metadata says otherwise.
   */
  private static boolean insideKotlinHiddenClass(ClassDump dump, Map<String, ClassDump> dumps) {
    for (ClassDump outer = dumps.get(dump.outerName);
        outer != null;
        outer = dumps.get(outer.outerName)) {
      if (outer.kotlinHidden()) {
        return true;
      }
    }
    return false;
  }

  /** One class: its header line and its sorted member lines. */
  private static final class ClassDump extends ClassVisitor {
    String name = "";
    /** The class this one is nested in, from the InnerClasses attribute; null at top level. */
    String outerName;
    private int access;
    private boolean nestedHidden;
    private final List<String> supertypes = new ArrayList<>();
    /** Each visible member's line, by {@link KotlinDeclarations#methodKey} or {@code fieldKey}. */
    private final Map<String, String> methods = new HashMap<>();
    private final Map<String, String> fields = new HashMap<>();
    /** Members and methods annotated {@code @PublishedApi}, keyed as above; the class: its name. */
    private final Set<String> publishedApi = new HashSet<>();
    private final Map<String, Object> kotlinMetadata = new HashMap<>();
    private KotlinDeclarations kotlin = KotlinDeclarations.NONE;

    ClassDump() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(
        int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      this.name = name;
      this.access = access;
      if (superName != null && !superName.equals("java/lang/Object")
          && (access & Opcodes.ACC_ENUM) == 0 && (access & Opcodes.ACC_RECORD) == 0) {
        supertypes.add(superName);
      }
      if (interfaces != null) {
        supertypes.addAll(List.of(interfaces));
      }
    }

    @Override
    public void visitInnerClass(String name, String outerName, String innerName, int access) {
      // A nested class's own access is in the InnerClasses attribute: private/package-private
      // nested classes are compiled as package-private top-level ones, protected ones as public.
      if (name.equals(this.name)) {
        this.outerName = outerName;
        this.access = (this.access & ~0x7) | (access & 0x7);
        if ((access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) == 0) {
          nestedHidden = true;
        }
      }
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      if (descriptor.equals(PUBLISHED_API)) {
        publishedApi.add(name);
      }
      return descriptor.equals(KOTLIN_METADATA) ? new MetadataValues(kotlinMetadata) : null;
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      String key = KotlinDeclarations.fieldKey(name, descriptor);
      if (visible(access)) {
        fields.put(key, modifiers(access, false) + "field " + name + " " + descriptor);
      }
      return new FieldVisitor(Opcodes.ASM9) {
        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          if (annotation.equals(PUBLISHED_API)) {
            publishedApi.add(key);
          }
          return null;
        }
      };
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      String key = KotlinDeclarations.methodKey(name, descriptor);
      if (visible(access) && (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0) {
        methods.put(key, modifiers(access, false) + "fun " + name + " " + descriptor);
      }
      // Also for synthetic methods: a property's annotations are on its synthetic
      // "get...$annotations" method.
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          if (annotation.equals(PUBLISHED_API)) {
            publishedApi.add(key);
          }
          return null;
        }
      };
    }

    @Override
    public void visitEnd() {
      if (!kotlinMetadata.isEmpty()) {
        kotlin = KotlinDeclarations.read(kotlinMetadata);
      }
    }

    boolean isApi() {
      return !nestedHidden
          && (access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0
          && (access & Opcodes.ACC_SYNTHETIC) == 0
          && !kotlinHidden();
    }

    /** An internal Kotlin class, not marked @PublishedApi. */
    boolean kotlinHidden() {
      return kotlin.classHidden() && !publishedApi.contains(name);
    }

    /** Hidden by Kotlin, unless marked @PublishedApi itself or through its property. */
    private boolean kotlinHidden(String key, boolean hidden) {
      if (!hidden || publishedApi.contains(key)) {
        return false;
      }
      String holder = kotlin.annotationHolder(key);
      return holder == null || !publishedApi.contains(holder);
    }

    private boolean visible(int memberAccess) {
      if ((memberAccess & Opcodes.ACC_SYNTHETIC) != 0) {
        return false;
      }
      if ((memberAccess & Opcodes.ACC_PUBLIC) != 0) {
        return true;
      }
      // Protected members are API only where a subclass can exist.
      return (memberAccess & Opcodes.ACC_PROTECTED) != 0 && (access & Opcodes.ACC_FINAL) == 0;
    }

    String text() {
      List<String> members = new ArrayList<>();
      methods.forEach(
          (key, line) -> {
            if (!kotlinHidden(key, kotlin.methodHidden(key))) {
              members.add(line);
            }
          });
      fields.forEach(
          (key, line) -> {
            if (!kotlinHidden(key, kotlin.fieldHidden(key))) {
              members.add(line);
            }
          });
      members.sort(null);
      StringBuilder out = new StringBuilder(modifiers(access, true)).append(kind(access));
      out.append(' ').append(name);
      if (!supertypes.isEmpty()) {
        out.append(" : ").append(String.join(", ", supertypes));
      }
      out.append(" {\n");
      for (String member : members) {
        out.append('\t').append(member).append('\n');
      }
      return out.append("}\n\n").toString();
    }

    private static String kind(int access) {
      if ((access & Opcodes.ACC_ANNOTATION) != 0) {
        return "annotation class";
      }
      if ((access & Opcodes.ACC_INTERFACE) != 0) {
        return "interface";
      }
      if ((access & Opcodes.ACC_ENUM) != 0) {
        return "enum class";
      }
      if ((access & Opcodes.ACC_RECORD) != 0) {
        return "record class";
      }
      return "class";
    }

    private static String modifiers(int access, boolean isClass) {
      StringBuilder out = new StringBuilder();
      out.append((access & Opcodes.ACC_PUBLIC) != 0 ? "public " : "protected ");
      if ((access & Opcodes.ACC_STATIC) != 0 && !isClass) {
        out.append("static ");
      }
      if ((access & Opcodes.ACC_ABSTRACT) != 0 && (access & Opcodes.ACC_INTERFACE) == 0) {
        out.append("abstract ");
      }
      if ((access & Opcodes.ACC_FINAL) != 0 && (access & Opcodes.ACC_ENUM) == 0) {
        out.append("final ");
      }
      return out.toString();
    }
  }

  /** The values of a {@code kotlin.Metadata} annotation, arrays of strings as lists. */
  private static final class MetadataValues extends AnnotationVisitor {
    private final Map<String, Object> values;

    MetadataValues(Map<String, Object> values) {
      super(Opcodes.ASM9);
      this.values = values;
    }

    @Override
    public void visit(String name, Object value) {
      values.put(name, value);
    }

    @Override
    public AnnotationVisitor visitArray(String name) {
      List<String> strings = new ArrayList<>();
      values.put(name, strings);
      return new AnnotationVisitor(Opcodes.ASM9) {
        @Override
        public void visit(String ignored, Object value) {
          strings.add((String) value);
        }
      };
    }
  }
}
