import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectLanguage } from '../src/editor/detect-language';

describe('the language of a text, from its content', () => {
  const cases: Array<[string, string]> = [
    ['python', "import sys\n\ndef greet(name):\n    return 'hello ' + name\n"],
    ['python', '#!/usr/bin/env python3\nprint(1)\n'],
    ['python', 'class Point:\n    pass\n'],
    ['shell', '#!/bin/bash\nset -e\n'],
    ['shell', 'export PATH=/opt/bin:$PATH\n'],
    ['javascript', "const express = require('express');\n"],
    ['javascript', 'function add(a, b) {\n  return a + b;\n}\n'],
    ['typescript', 'interface Point {\n  x: number;\n}\n'],
    ['typescript', 'const name: string = "x";\n'],
    ['java', 'package dev.tandem;\n\npublic final class Main {\n}\n'],
    ['java', 'public record Point(int x, int y) {}\n'],
    ['go', 'package main\n\nfunc main() {\n}\n'],
    ['rust', 'fn main() {\n    let mut x = 1;\n}\n'],
    ['c', '#include <stdio.h>\n\nint main(void) { return 0; }\n'],
    ['c++', '#include <iostream>\n\nint main() { std::cout << 1; }\n'],
    ['json', '{"name": "tandem", "version": 1}\n'],
    ['html', '<!DOCTYPE html>\n<html><body></body></html>\n'],
    ['sql', 'SELECT id, name FROM people WHERE id = 1;\n'],
    ['css', '.topbar {\n  display: flex;\n}\n'],
    ['markdown', '# Tandem\n\n- one\n- two\n'],
    ['yaml', 'services:\n  gateway:\n    image: tandem\n'],
  ];
  for (const [language, text] of cases) {
    test(`${language}: ${JSON.stringify(text.slice(0, 30))}`, () => assert.equal(detectLanguage(text), language));
  }

  const plain = [
    '', 'one\n', 'hello world\n', 'shared line: \nsecond line\n', 'written by both\n', 'alpha\nbeta\ngrace\n',
    'Meeting notes: we agreed to ship on Friday.\nNext: the release notes.\n', '# just a heading\n',
    '{ not json at all\n', "greeting = 'hello ' + name if name else 'hi'\nprint(greeting)\n", 'ada 1\nada 2\nada 3\n', '<img src=x onerror=window.__pwned=1>',
    'A title long enough to be cut short somewhere on a narrow screen\nbody\n',
  ];
  for (const text of plain) {
    test(`nothing clear: ${JSON.stringify(text.slice(0, 30))}`, () => assert.equal(detectLanguage(text), null));
  }
});
