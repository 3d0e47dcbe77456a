// The reference widget's view layer: Preact 10 with hooks.
import { h, Fragment, render } from 'preact';
import { useState, useEffect, useRef, useMemo } from 'preact/hooks';

export { h, Fragment, useState, useEffect, useRef, useMemo };
export const mount = (element, vnode) => render(vnode, element);
