package org.contextvars.consumers;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kotlin.Metadata;
import kotlin.metadata.Attributes;
import kotlin.metadata.KmClass;
import kotlin.metadata.KmConstructor;
import kotlin.metadata.KmDeclarationContainer;
import kotlin.metadata.KmFunction;
import kotlin.metadata.KmProperty;
import kotlin.metadata.Visibility;
import kotlin.metadata.jvm.JvmExtensionsKt;
import kotlin.metadata.jvm.JvmFieldSignature;
import kotlin.metadata.jvm.JvmMetadataUtil;
import kotlin.metadata.jvm.JvmMethodSignature;
import kotlin.metadata.jvm.KotlinClassMetadata;

/**
 * What the Kotlin metadata of one class file says is not API although the JVM sees it as public:
 * {@code internal} (and {@code private}) classes, constructors, functions, properties and property
 * accessors, which Kotlin compiles to public JVM members (an internal function's name gets a
 * {@code $module} suffix). Read from the {@code kotlin.Metadata} annotation's values.
 *
 * <p>Cautions:
 *
 * <ul>
 *   <li>{@code @PublishedApi internal} declarations are API (inline functions call them from the
 *       caller's code); the metadata does not record the annotation, so {@link ApiDump} checks the
 *       class file's own annotations and keeps such members.
 *   <li>A member the metadata does not describe (synthetic, or written in Java) is not hidden here.
 * </ul>
 */
final class KotlinDeclarations {
  /** For a class without Kotlin metadata: nothing is hidden. */
  static final KotlinDeclarations NONE = new KotlinDeclarations(false);

  private final boolean classHidden;
  private final Set<String> hiddenMethods = new HashSet<>();
  private final Set<String> hiddenFields = new HashSet<>();
  /** The method whose annotations are a property's, per hidden member: where @PublishedApi is. */
  private final Map<String, String> annotationHolders = new HashMap<>();

  private KotlinDeclarations(boolean classHidden) {
    this.classHidden = classHidden;
  }

  /**
   * Reads the values of a class file's {@code kotlin.Metadata} annotation, keyed by its element
   * names ({@code k}, {@code mv}, {@code d1}, {@code d2}, {@code xs}, {@code pn}, {@code xi}).
   */
  static KotlinDeclarations read(Map<String, Object> values) {
    Metadata metadata =
        JvmMetadataUtil.Metadata(
            (Integer) values.get("k"),
            (int[]) values.get("mv"),
            strings(values.get("d1")),
            strings(values.get("d2")),
            (String) values.get("xs"),
            (String) values.get("pn"),
            (Integer) values.get("xi"));
    KotlinClassMetadata read = KotlinClassMetadata.readLenient(metadata);
    if (read instanceof KotlinClassMetadata.Class kotlinClass) {
      KmClass km = kotlinClass.getKmClass();
      KotlinDeclarations declarations = new KotlinDeclarations(!isApi(Attributes.getVisibility(km)));
      for (KmConstructor constructor : km.getConstructors()) {
        if (!isApi(Attributes.getVisibility(constructor))) {
          declarations.hideMethod(JvmExtensionsKt.getSignature(constructor), null);
        }
      }
      declarations.hideMembersOf(km);
      return declarations;
    }
    KotlinDeclarations declarations = new KotlinDeclarations(false);
    if (read instanceof KotlinClassMetadata.FileFacade facade) {
      declarations.hideMembersOf(facade.getKmPackage());
    } else if (read instanceof KotlinClassMetadata.MultiFileClassPart part) {
      declarations.hideMembersOf(part.getKmPackage());
    }
    return declarations;
  }

  /** An internal or private Kotlin class: not API whatever its JVM access. */
  boolean classHidden() {
    return classHidden;
  }

  static String methodKey(String name, String descriptor) {
    return name + descriptor;
  }

  static String fieldKey(String name, String descriptor) {
    return name + ":" + descriptor;
  }

  /** Whether the method of this {@link #methodKey} is an internal or private Kotlin one. */
  boolean methodHidden(String methodKey) {
    return hiddenMethods.contains(methodKey);
  }

  /** Whether the field of this {@link #fieldKey} is an internal or private property's. */
  boolean fieldHidden(String fieldKey) {
    return hiddenFields.contains(fieldKey);
  }

  /**
   * The method that holds the annotations of the property this hidden member belongs to (name and
   * descriptor joined), or null: a {@code @PublishedApi} property has its annotation there.
   */
  String annotationHolder(String memberKey) {
    return annotationHolders.get(memberKey);
  }

  private void hideMembersOf(KmDeclarationContainer container) {
    for (KmFunction function : container.getFunctions()) {
      if (!isApi(Attributes.getVisibility(function))) {
        hideMethod(JvmExtensionsKt.getSignature(function), null);
      }
    }
    for (KmProperty property : container.getProperties()) {
      JvmMethodSignature holder = JvmExtensionsKt.getSyntheticMethodForAnnotations(property);
      String holderKey = holder == null ? null : methodKey(holder.getName(), holder.getDescriptor());
      boolean propertyHidden = !isApi(Attributes.getVisibility(property));
      if (propertyHidden) {
        JvmFieldSignature field = JvmExtensionsKt.getFieldSignature(property);
        if (field != null) {
          String key = fieldKey(field.getName(), field.getDescriptor());
          hiddenFields.add(key);
          if (holderKey != null) {
            annotationHolders.put(key, holderKey);
          }
        }
      }
      if (propertyHidden || !isApi(Attributes.getVisibility(property.getGetter()))) {
        hideMethod(JvmExtensionsKt.getGetterSignature(property), holderKey);
      }
      if (property.getSetter() != null
          && (propertyHidden || !isApi(Attributes.getVisibility(property.getSetter())))) {
        hideMethod(JvmExtensionsKt.getSetterSignature(property), holderKey);
      }
    }
  }

  private void hideMethod(JvmMethodSignature signature, String holderKey) {
    if (signature != null) {
      String key = methodKey(signature.getName(), signature.getDescriptor());
      hiddenMethods.add(key);
      if (holderKey != null) {
        annotationHolders.put(key, holderKey);
      }
    }
  }

  private static boolean isApi(Visibility visibility) {
    return visibility == Visibility.PUBLIC || visibility == Visibility.PROTECTED;
  }

  private static String[] strings(Object value) {
    if (value == null) {
      return null;
    }
    return ((List<?>) value).toArray(String[]::new);
  }
}
