import { render } from 'preact';
import { Header, Routed } from './app.js';

const header = document.getElementById('top');
const main = document.getElementById('main');
if (header) render(<Header />, header);
if (main) render(<Routed />, main);
