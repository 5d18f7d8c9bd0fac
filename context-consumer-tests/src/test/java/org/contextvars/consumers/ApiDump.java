package org.contextvars.consumers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
 */
final class ApiDump {
  private ApiDump() {}

  static String of(Path jar) throws IOException {
    TreeMap<String, String> classes = new TreeMap<>();
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
          if (dump.isApi()) {
            classes.put(dump.name, dump.text());
          }
        }
      }
    }
    return String.join("", classes.values());
  }

  /** One class: its header line and its sorted member lines. */
  private static final class ClassDump extends ClassVisitor {
    String name = "";
    private int access;
    private boolean nestedHidden;
    private final List<String> supertypes = new ArrayList<>();
    private final List<String> members = new ArrayList<>();

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
        this.access = (this.access & ~0x7) | (access & 0x7);
        if ((access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) == 0) {
          nestedHidden = true;
        }
      }
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      if (visible(access)) {
        members.add(modifiers(access, false) + "field " + name + " " + descriptor);
      }
      return null;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      if (visible(access) && (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0) {
        members.add(modifiers(access, false) + "fun " + name + " " + descriptor);
      }
      return null;
    }

    boolean isApi() {
      return !nestedHidden
          && (access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0
          && (access & Opcodes.ACC_SYNTHETIC) == 0;
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
}
