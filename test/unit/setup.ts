// Unit tests never reach the network: any undici request that escapes a test fails at once.
import { MockAgent, setGlobalDispatcher } from 'undici';

const agent = new MockAgent();
agent.disableNetConnect();
setGlobalDispatcher(agent);
