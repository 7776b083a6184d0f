/**
 * clicksim in a JUnit 5 test: {@link dev.clicksim.junit.ClicksimExtension} starts the pipeline once
 * per test class, provisions it, and hands it to each test.
 */
package dev.clicksim.junit;
