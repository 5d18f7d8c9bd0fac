/** Example 4: child and grandchild tasks see the id their root task picked. */
@NullMarked
package org.contextvars.examples.tasktree;

import org.jspecify.annotations.NullMarked;
