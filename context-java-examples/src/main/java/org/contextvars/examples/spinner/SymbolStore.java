package org.contextvars.examples.spinner;

import org.contextvars.ContextVar;
import org.contextvars.Token;

/**
 * Where a task keeps its spinner symbol between storing it and drawing it. The two versions below
 * differ in one thing only: how many tasks share the storage.
 */
interface SymbolStore {

  /** Stores {@code symbol} for the calling task until the returned scope is closed. */
  Scope store(char symbol);

  /** The symbol the calling task stored. */
  char load();

  /** Undoes one {@link #store}. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** The obvious first attempt: one static field. Every thread reads and writes the same slot. */
  final class StaticField implements SymbolStore {
    private static char symbol = ' ';

    @Override
    public Scope store(char newSymbol) {
      symbol = newSymbol;
      // Putting the old value back would not help: another task may have overwritten it already.
      return () -> {};
    }

    @Override
    public char load() {
      return symbol;
    }
  }

  /** A context variable: each task reads back what it stored itself, whichever thread it is on. */
  final class ContextVariable implements SymbolStore {
    private static final ContextVar<Character> SYMBOL = ContextVar.of("symbol");

    @Override
    public Scope store(char newSymbol) {
      Token<Character> token = SYMBOL.set(newSymbol);
      return token::close;
    }

    @Override
    public char load() {
      return SYMBOL.get();
    }
  }
}
