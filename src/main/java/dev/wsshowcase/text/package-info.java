/**
 * Text helpers every layer may use ({@link dev.wsshowcase.text.Utf8}: UTF-8 sizes without
 * encoding). Why a package: they depend on nothing, and both the sending queue and the
 * codecs need them.
 */
package dev.wsshowcase.text;
