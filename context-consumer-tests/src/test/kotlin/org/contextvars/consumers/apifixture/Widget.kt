package org.contextvars.consumers.apifixture

// Declarations of every Kotlin visibility the JVM sees as public, for ApiDumpKotlinTest: which of
// them the API dump lists.

public class Widget internal constructor(internal val secret: String) {
    public constructor() : this("")

    public val shown: String get() = secret

    public var counter: Int = 0
        internal set

    @JvmField internal val internalField: Int = 1

    @PublishedApi internal val publishedProperty: Int get() = 2

    internal fun hidden(): Int = 3

    public fun visible(): Int = hidden()

    @PublishedApi internal fun published(): Int = 4

    public inline fun inlined(block: (Int) -> Int): Int = block(published() + publishedProperty)
}

internal class HiddenWidget {
    public fun anything(): Int = 5

    public class NestedInHidden
}

@PublishedApi internal class PublishedWidget {
    public fun reachable(): Int = 6
}

public fun topLevelVisible(): Int = 7

internal fun topLevelHidden(): Int = 8
