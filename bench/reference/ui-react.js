// The reference widget's view layer: React 19 with hooks.
import { createElement as h, Fragment, useState, useEffect, useRef, useMemo } from 'react';
import { createRoot } from 'react-dom/client';

export { h, Fragment, useState, useEffect, useRef, useMemo };
export const mount = (element, vnode) => createRoot(element).render(vnode);
