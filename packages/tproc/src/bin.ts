import { runCommand } from '@tproc/core';
import { main } from './main.ts';

runCommand((argv, io) => main(argv, io));
