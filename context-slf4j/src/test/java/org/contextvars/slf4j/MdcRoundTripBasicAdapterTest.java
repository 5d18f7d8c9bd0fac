package org.contextvars.slf4j;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/** Every round trip of {@link MdcRoundTripTest} over SLF4J's own {@link BasicMDCAdapter}. */
class MdcRoundTripBasicAdapterTest extends MdcRoundTripTest {

  @Override
  MDCAdapter newDelegate() {
    return new BasicMDCAdapter();
  }
}
