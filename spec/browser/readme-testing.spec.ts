/**
 * The README's Angular testing example, run in Chromium as an app's karma would run it:
 * spec/browser/readme/angular-testing-example.ts is the README's code block verbatim
 * (spec/readme-browser.spec.ts compares them) and holds its own describe and its tests.
 * Angular's test environment is set up first, as an Angular CLI project's test setup does.
 */
import './support/test-bed.ts';
import './readme/angular-testing-example.ts';
