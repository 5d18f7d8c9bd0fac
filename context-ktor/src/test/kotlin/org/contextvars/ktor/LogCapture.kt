package org.contextvars.ktor

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.LoggerContext
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.read.ListAppender
import org.slf4j.LoggerFactory

/**
 * A Logback logger whose events land in a [ListAppender]. Like an appender that encodes on the
 * logging thread, it reads each event's MDC when the event is appended.
 */
class LogCapture private constructor(private val logger: Logger, private val appender: ListAppender<ILoggingEvent>) :
    AutoCloseable {

    val slf4j: org.slf4j.Logger get() = logger

    fun events(): List<ILoggingEvent> = synchronized(appender) { appender.list.toList() }

    override fun close() {
        logger.detachAppender(appender)
        appender.stop()
    }

    companion object {
        fun attach(loggerName: String): LogCapture {
            val context = LoggerFactory.getILoggerFactory() as LoggerContext
            val appender = object : ListAppender<ILoggingEvent>() {
                override fun append(event: ILoggingEvent) {
                    event.prepareForDeferredProcessing()
                    synchronized(this) { super.append(event) }
                }
            }
            appender.context = context
            appender.start()
            val logger = context.getLogger(loggerName)
            logger.level = Level.INFO
            logger.isAdditive = false
            logger.addAppender(appender)
            return LogCapture(logger, appender)
        }
    }
}
